"""The 政府信息公开 request kind: its process definition and its registration with the intake (to be written)."""
