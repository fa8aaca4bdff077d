package dev.sweep.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SweepWorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(SweepWorkerApplication.class, args);
  }
}
