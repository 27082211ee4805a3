"""Qt-free domain of Brightline: packs, validation, walks, search, contact log."""
