package dev.cubeshop.payment;

import io.quarkus.test.junit.QuarkusTest;

import dev.cubeshop.testing.ServiceReadinessContract;

@QuarkusTest
class ReadinessTest extends ServiceReadinessContract {
}
