package dev.sweep.contract;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;

/** Checks {@link OneOf}; null is valid (use {@code @NotNull} where a value is required). */
public final class OneOfValidator implements ConstraintValidator<OneOf, String> {
  private List<String> allowed = List.of();

  @Override
  public void initialize(OneOf annotation) {
    allowed = List.of(annotation.value());
  }

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null || allowed.contains(value);
  }
}
