package dev.sweep.contract;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A name chosen from a fixed list. {@code aliases} ("alias=value") are spellings users bring from
 * other tools; readers resolve them, case-insensitively, before validation.
 */
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = OneOfValidator.class)
public @interface OneOf {
  String[] value();

  String[] aliases() default {};

  String message() default "must be one of the listed names";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
