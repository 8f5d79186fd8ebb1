"""A web process loads the URLconf and the catalogues when it starts, not in its first request."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]


def test_the_wsgi_application_is_loaded_with_every_view_and_the_catalogues():
    code = ("import sys, neuguong.wsgi\n"
            "from django.utils import translation\n"
            "print('neuguong.portal.views.public' in sys.modules, 'neuguong.honours.api' in sys.modules,\n"
            "      'vi' in translation.trans_real._translations)\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "neuguong.settings", "NEUGUONG_DATABASE_URL": "",
           "DATABASE_URL": "", "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,  # noqa: S603
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
