package io.github.moleculerspring.test.autoconfigure.example;

import org.springframework.stereotype.Repository;

/**
 * A component that is not a Moleculer service: the slice leaves it out.
 */
@Repository
public class GreetingRepository {

}
