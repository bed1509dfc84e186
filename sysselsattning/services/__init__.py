"""Use cases, one transaction each. Services take an :class:`~sysselsattning.services.context.AppContext`."""
