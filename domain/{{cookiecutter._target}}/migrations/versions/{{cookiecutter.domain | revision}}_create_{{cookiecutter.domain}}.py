{%- set auth = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | has_auth %}
{%- set fields = cookiecutter.fields | fields %}
{%- set table = cookiecutter.domain | pascal | lower %}
{%- set head = (cookiecutter._output_dir ~ "/" ~ cookiecutter._target) | migration_head -%}
"""Create the {{ table }} table.

Revision ID: {{ cookiecutter.domain | revision }}
Revises:{{ (" " ~ head) if head else "" }}
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "{{ cookiecutter.domain | revision }}"
down_revision: str | None = {{ ('"' ~ head ~ '"') if head else "None" }}
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "{{ table }}",
        sa.Column(
            "id",
            sa.Uuid(),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
        ),
{%- for field in fields %}
        sa.Column(
            "{{ field.name }}",
            {{ field.migration_type }},
            nullable={{ field.optional }},
        ),
{%- endfor %}
{%- if auth %}
        sa.Column(
            "owner_id",
            sa.Uuid(),
            nullable=False,
        ),
{%- endif %}
{%- for field in fields if field.reference %}
        sa.ForeignKeyConstraint(
            ["{{ field.name }}"],
            ["{{ field.target | lower }}.id"],
            name=op.f("fk_{{ table }}_{{ field.name }}_{{ field.target | lower }}"),
        ),
{%- endfor %}
{%- if auth %}
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["user.id"],
            name=op.f("fk_{{ table }}_owner_id_user"),
        ),
{%- endif %}
        sa.PrimaryKeyConstraint("id", name=op.f("pk_{{ table }}")),
    )
    op.create_index(
        op.f("ix_{{ table }}_created_at"),
        "{{ table }}",
        ["created_at"],
        unique=False,
    )
{%- if auth %}
    op.create_index(
        op.f("ix_{{ table }}_owner_id"),
        "{{ table }}",
        ["owner_id"],
        unique=False,
    )
{%- endif %}
{%- for field in fields if field.unique or field.reference %}
    op.create_index(
        op.f("ix_{{ table }}_{{ field.name }}"),
        "{{ table }}",
        ["{{ field.name }}"],
        unique={{ field.unique }},
    )
{%- endfor %}


def downgrade() -> None:
    op.drop_table("{{ table }}")
