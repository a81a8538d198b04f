"""The register as code: a folder of YAML files, read with the line of every value kept and written back."""
