"""`fazhi bench seed --scale province|city|tiny`: a province's five years of data (bench/scale/seed.py), and the
page figures at that scale (bench/scale/pages.py, bench/scale/throughput.py). bench/README.md."""
