"""The platform's tooling, apart from the product: benchmarks, the soak test, generated
scale data and the demo data, each behind a thin management command."""
