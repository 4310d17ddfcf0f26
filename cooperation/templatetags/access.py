"""The checks of cooperation.access as template filters: `{% if user|sees_all_departments %}`.

Templates ask the same functions as views, so a link is shown exactly when its page opens.
"""

from django import template

from cooperation import access

register = template.Library()

register.filter("is_department_staff", access.is_department_staff)
register.filter("sees_all_departments", access.sees_all_departments)
register.filter("can_review_submissions", access.can_review_submissions)
