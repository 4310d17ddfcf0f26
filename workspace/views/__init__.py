"""Department workspace pages; workspace.urls and config.urls take the views from here."""

from workspace.views.home import home
from workspace.views.plan import (
    plan_current,
    planned_event_create,
    planned_event_delete,
    planned_event_detail,
    planned_event_list,
    planned_event_update,
    planned_events_copy,
)
from workspace.views.report import (
    planned_event_not_held,
    quarter_submit,
    report_current,
    reported_event_create,
    reported_event_delete,
    reported_event_detail,
    reported_event_list,
    reported_event_update,
)
from workspace.views.timing import timing_preview

__all__ = [
    "home",
    "plan_current",
    "planned_event_create",
    "planned_event_delete",
    "planned_event_detail",
    "planned_event_list",
    "planned_event_not_held",
    "planned_event_update",
    "planned_events_copy",
    "quarter_submit",
    "report_current",
    "reported_event_create",
    "reported_event_delete",
    "reported_event_detail",
    "reported_event_list",
    "reported_event_update",
    "timing_preview",
]
