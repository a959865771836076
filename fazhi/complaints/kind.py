"""The 投诉举报 request kind: its process definition and its registration with the intake (to be written)."""
