"""SQLAlchemy 2 storage: typed models, engine/session factory, Alembic migrations, repositories."""
