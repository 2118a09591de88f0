"""The billing domain: plain data in, plain data out. No Qt, no SQL, no files."""
