"""Small query helpers the overview modules share."""

CHUNK = 2000


def linked_ids(through, owner_field, target_field, owners):
    """{owner pk: [target pk, …]} for the owners queryset, in link order: one query."""
    links = {}
    rows = (
        through.objects.filter(**{f"{owner_field}__in": owners.values("pk")})
        .order_by(owner_field, "pk")
        .values_list(owner_field, target_field)
    )
    for owner, target in rows.iterator(chunk_size=CHUNK):
        links.setdefault(owner, []).append(target)
    return links
