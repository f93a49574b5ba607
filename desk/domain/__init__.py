"""The domain: records, reference values, identifiers, validation and the assembly's rules. No Qt, no I/O."""
