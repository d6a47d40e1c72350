"""Turn public downloads (GIAS, ONS boundaries, long demand forecasts) into exchange-format tables."""
