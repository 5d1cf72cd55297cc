"""A test-only app for the multi-host scenario (regiekamer/tests/test_cluster.py): a job kind whose unit of
work is slow enough to kill its worker half-way, and the small helpers the scenario runs inside the cluster's
own processes. Installed only by regiekamer.tests.cluster_settings."""
