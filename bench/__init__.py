"""omec's benchmark harness: seeded synthetic workloads, an IO+parse floor and whole-process timings (`make bench`)."""
