package io.dlspark.tuning.optim;

import io.dlspark.tuning.space.Assignment;

import java.util.Objects;

/** A proposed configuration with the id the optimizer gave it; ids are unique within a search and increase. */
public record Trial(int id, Assignment assignment) {
    public Trial {
        if (id < 0) {
            throw new IllegalArgumentException("trial id must be >= 0, got " + id);
        }
        Objects.requireNonNull(assignment, "assignment");
    }
}
