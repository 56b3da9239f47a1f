"""A national public-service portal inside the demo: receives the sync messages over HTTP and shows what it got."""
