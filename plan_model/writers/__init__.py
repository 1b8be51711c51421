"""Writers: plan model → document bytes. They consume the model only."""
