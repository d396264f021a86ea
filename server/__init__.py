"""The server: opens what the ETL published and serves it; never imports the ETL's internals."""
