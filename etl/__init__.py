"""The ETL: read ─▶ normalise ─▶ extract ─▶ map ─▶ validate ─▶ publish."""
