"""SLA compliance reports per supplier and period, with CSV and XLSX export."""
