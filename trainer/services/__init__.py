"""Services: glue between the pure domain and the store (loading, practising, stats)."""
