"""Streamlit glue for the dashboard: cached reads, the shared sidebar, table styling."""
