package dev.sweep.contract;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A patch side that tiles the 28x28 image exactly. */
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER})
@Constraint(validatedBy = DividesImage.Check.class)
public @interface DividesImage {
  int SIDE = 28;

  String message() default "must divide 28 (1, 2, 4, 7, 14 or 28)";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** The check; null is valid. */
  final class Check implements ConstraintValidator<DividesImage, Integer> {
    @Override
    public boolean isValid(Integer value, ConstraintValidatorContext context) {
      return value == null || value >= 1 && SIDE % value == 0;
    }
  }
}
