"""The 信访 request kind: its process definition and its registration with the intake (to be written)."""
