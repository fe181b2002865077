"""The WSGI application gunicorn serves (``gopy central serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings")
application = get_wsgi_application()
