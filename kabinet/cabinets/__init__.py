"""The web cabinets: server-rendered pages for customers, partners and the vendor."""
