"""The Cypher catalogue uses only the labels and relationship types the models define."""

import re

from backend.graph import queries
from backend.graph.models import (
    DERIVED_TYPES,
    MAGE_WEIGHT,
    NODE_LABELS,
    PROFILE_RELATIONSHIP_TYPES,
    RELATIONSHIP_TYPES,
    Banned,
    Day,
    DoNotTrack,
    Game,
    Language,
    SharesAudience,
    Stream,
    Team,
    User,
    Watched,
)


def all_statements() -> list[str]:
    found: list[str] = []
    for name, value in vars(queries).items():
        if name.startswith("_"):
            continue
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found.extend(v for v in value.values() if isinstance(v, str))
    return found


def test_labels_and_types_come_from_the_models() -> None:
    statements = all_statements()
    assert len(statements) > 30
    labels = {m for s in statements for m in re.findall(r"[(\s]\w*:(\w+)\b", s)}
    types = {t for s in statements for m in re.findall(r"\[\w*:([\w|]+)\]", s) for t in m.split("|")}
    assert labels - set(NODE_LABELS) == set(), "a statement uses a label the models do not define"
    assert types - set(RELATIONSHIP_TYPES) - set(PROFILE_RELATIONSHIP_TYPES) - set(DERIVED_TYPES) == set()
    assert types >= set(RELATIONSHIP_TYPES)  # every type is written by the import
    assert types >= set(PROFILE_RELATIONSHIP_TYPES)  # and WATCHED by day processing
    assert types >= set(DERIVED_TYPES)  # and SHARES_AUDIENCE by the atlas


def test_models_carry_the_contract_schema() -> None:
    assert Stream.labels == {"User", "Stream"} and User.labels == {"User"}
    assert {"login", "name", "id", "url", "followers", "createdAt", "totalViewCount", "description"} <= set(
        Stream.model_fields
    )
    assert set(RELATIONSHIP_TYPES) == {"SPEAKS", "PLAYS", "IS_PART_OF", "VIP", "MODERATOR", "CHATTER"}


def test_no_statement_formats_user_input() -> None:
    # Every value reaches the database as a $parameter; no statement keeps a format placeholder.
    for statement in all_statements():
        assert (
            "{" not in statement.replace("{login:", "").replace("{name:", "").replace("{id:", "")
            or "$" in statement
        )


def test_properties_come_from_the_models() -> None:
    models = (User, Stream, Language, Game, Team, Watched, SharesAudience, Day, Banned, DoNotTrack)
    fields = {name for model in models for name in model.model_fields} | {MAGE_WEIGHT}
    parameters = {"row", "pair"}  # UNWIND variables: their fields are parameters, not graph properties
    parameters |= {"db"}  # CALL db.labels() and the like: procedure names, not properties
    used = {
        match.group(2)
        for statement in all_statements()
        for match in re.finditer(r"\b([a-z]\w*)\.([A-Za-z]\w*)\b", statement)
        if match.group(1) not in parameters
    }
    used |= {key for statement in all_statements() for key in re.findall(r"\{(\w+):", statement)}
    assert used - fields == set(), "a statement uses a property the models do not define"
