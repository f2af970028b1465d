// Layer placeholder: filled in by later files.
