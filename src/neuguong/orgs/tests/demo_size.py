"""The size and seed of the demo province that the tests of the root conftest's
``demo_accounts_file`` read (one load for the whole run)."""

DEMO_PEOPLE = 700
DEMO_SEED = 7
