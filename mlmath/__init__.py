"""The course's own small library: exercise checks, the exercise generator and learner commands."""
