"""The follow-up (uppföljning, SPEC §10): counting, comparing, the report and `split`."""
