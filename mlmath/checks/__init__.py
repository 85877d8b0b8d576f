"""Exercise checks: mlmath.checks.<chapter>.<topic> holds one check per exercise function."""
