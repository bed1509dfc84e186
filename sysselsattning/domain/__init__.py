"""Pure domain: rules and value types. Imports only the standard library, dateutil and stdnum."""
