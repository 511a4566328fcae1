package io.plantproof.plant;

/**
 * A 车间: the unit a digital-workshop application is made for and a smart factory is made of.
 */
public record Workshop(String id, String name) {

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("id"), id);
        out.required(at.field("name"), name);
    }
}
