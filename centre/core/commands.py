"""``gopy central serve``: the centre's web server (gunicorn), WhiteNoise serving the static files.

The worker processes read the same GOPY_CENTRE_HOME and GOPY_CENTRE_DATABASE that
the command line set for Django. SIGTERM stops it gracefully: the arbiter lets each
worker finish its requests (up to the graceful timeout), then exits.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from centre.cli import handler
from kiosk.errors import ValidationError
from kiosk.i18n import _

GRACEFUL_SECONDS = 30
ACCESS_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# Both gunicorn's logs on stderr: stdout stays free for what a command prints.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s [%(process)d] %(levelname)s %(message)s"}},
    "handlers": {
        "error_console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
        "access_console": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"},
    },
    "root": {"level": "WARNING", "handlers": []},  # Django's own loggers keep their settings
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access_console"], "propagate": False},
    },
}


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


class CentreServer(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from centre.wsgi import application

        return application


def server_options(bind: str, workers: int) -> dict[str, Any]:
    host, sep, port = bind.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise ValidationError(_("--bind is HOST:PORT, for example 127.0.0.1:8000."))
    if workers < 0:
        raise ValidationError(_("--workers cannot be negative."))
    return {
        "bind": [bind],
        "workers": workers or default_workers(),
        "worker_class": "sync",
        "graceful_timeout": GRACEFUL_SECONDS,
        "timeout": 60,
        "accesslog": None,
        "access_log_format": ACCESS_FORMAT,
        "errorlog": "-",
        "logconfig_dict": LOGGING,
        "proc_name": "gopy-centre",
    }


@handler("serve")
def serve(args: argparse.Namespace) -> int:
    options = server_options(args.bind, args.workers)
    from django.db import connections

    connections.close_all()  # the workers open their own; a connection must not cross a fork
    print(
        _("The centre serves on http://{bind}/ with {workers} workers (Ctrl+C or SIGTERM stops it).").format(
            bind=args.bind, workers=options["workers"]
        ),
        file=sys.stderr,
    )
    CentreServer(options).run()
    return 0
