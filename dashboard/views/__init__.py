"""Page scripts of the dashboard, run by ``st.navigation`` from ``dashboard/app.py``."""
