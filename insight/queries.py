"""Small query helpers the overview modules share."""

CHUNK = 2000


def records_of(events, *fields):
    """The rows' values and what link queries filter by: for a page (a sliced queryset) its rows
    at once and their pks, since a sliced subquery sorts every matching event again each time it
    is used (0.4-0.5 s a page with 50,000 events); for a whole list, a lazy iterator and the
    queryset itself."""
    records = events.values_list(*fields)
    if events.query.is_sliced:
        records = list(records)
        return records, [record[0] for record in records]
    return records.iterator(chunk_size=CHUNK), events


def linked_ids(through, owner_field, target_field, owners):
    """{owner pk: [target pk, …]} for the owners (a queryset or a list of pks), in link order:
    one query."""
    links = {}
    keys = owners if isinstance(owners, list) else owners.values("pk")
    rows = (
        through.objects.filter(**{f"{owner_field}__in": keys})
        .order_by(owner_field, "pk")
        .values_list(owner_field, target_field)
    )
    for owner, target in rows.iterator(chunk_size=CHUNK):
        links.setdefault(owner, []).append(target)
    return links
