"""storage.tables is the schema's one home; storage.orm's classes only map onto it. Their typed attributes must
say exactly what the tables hold: every column once, with its nullability (a column added to a table without
its annotation, or an annotation left behind, fails here)."""

from __future__ import annotations

import typing

from sqlalchemy.orm import Mapped, RelationshipProperty

from sysselsattning.storage import orm, tables


def _mapped_classes():
    return [m.class_ for m in orm.Base.registry.mappers]


def test_every_table_is_mapped_once_and_the_metadata_is_the_tables():
    assert orm.Base.metadata is tables.metadata
    mapped = sorted(c.__table__.name for c in _mapped_classes())
    assert mapped == sorted(tables.metadata.tables)


def test_the_annotations_name_every_column_with_its_nullability():
    for cls in _mapped_classes():
        hints = typing.get_type_hints(cls, vars(orm))
        relationships = {p.key for p in cls.__mapper__.iterate_properties if isinstance(p, RelationshipProperty)}
        annotated = {
            name: hint
            for name, hint in hints.items()
            if typing.get_origin(hint) is Mapped and name not in relationships
        }
        table = cls.__table__
        assert set(annotated) == set(table.c.keys()), cls.__name__
        for name, hint in annotated.items():
            (inner,) = typing.get_args(hint)
            optional = type(None) in typing.get_args(inner)
            assert optional == table.c[name].nullable, f"{cls.__name__}.{name}"
