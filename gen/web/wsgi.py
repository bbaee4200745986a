"""The WSGI application that `budgetdoc serve` (waitress) or another WSGI server runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gen.web.settings")
application = get_wsgi_application()
