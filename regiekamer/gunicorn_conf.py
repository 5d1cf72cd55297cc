"""gunicorn's settings for the production server:

    gunicorn -c python:regiekamer.gunicorn_conf regiekamer.wsgi --bind 127.0.0.1:8000 --workers 5

`make serve`, the multi-host scenario (regiekamer/tests/test_cluster.py) and the load benchmark
(bench/load.py) all start gunicorn with this file, so what is measured and tested is what is deployed. The
address and the number of worker processes come from the command line (`--bind`, `--workers`) or gunicorn's
own environment variables (GUNICORN_CMD_ARGS, WEB_CONCURRENCY); docs/deployment.md explains the choices.
"""

import multiprocessing

# Pre-forked synchronous workers: one request per process at a time, each process with its own database
# connection (Django's ORM is synchronous). (2 x cores) + 1 keeps the cores busy while some workers wait on
# the database or render a PDF.
worker_class = "sync"
workers = 2 * multiprocessing.cpu_count() + 1
# A request still running after this long is stopped and its worker replaced (the largest PDF or export takes
# a few seconds; long work belongs in a background job).
timeout = 120
graceful_timeout = 30
# Restart each worker after a number of requests (with jitter, so they do not all restart at once): bounds the
# memory any slow leak can take.
max_requests = 2000
max_requests_jitter = 200
# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - gunicorn's heartbeat files, not data
# The reverse proxy in front sets X-Forwarded-Proto (Django's SECURE_PROXY_SSL_HEADER); gunicorn trusts
# forwarded headers from 127.0.0.1 only, or from the addresses in FORWARDED_ALLOW_IPS (its own variable).
# Access log off unless asked for (`make serve` writes it to standard output); errors to standard error.
errorlog = "-"
loglevel = "warning"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms'
