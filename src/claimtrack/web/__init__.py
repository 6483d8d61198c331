"""The pages and cells claimtrack adds to Datasette."""
