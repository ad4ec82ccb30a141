"""electkit: township Party committee elections checked against the rules (乡镇党委换届选举)."""

__version__ = "0.1.0"
