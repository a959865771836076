"""The 行政复议 request kind: its process definition and its registration with the intake (to be written)."""
