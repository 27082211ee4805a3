"""Training mode: self-paced scenarios with a debrief, presenter mode for a class, and the
trainer's view of the training records. Played on the guide's own trees; never recorded in the
contact log."""
