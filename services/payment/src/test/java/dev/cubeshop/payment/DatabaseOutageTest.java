package dev.cubeshop.payment;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.cubeshop.testing.DatabaseOutageContract;

@QuarkusTest
@TestProfile(DatabaseOutageContract.BehindProxy.class)
class DatabaseOutageTest extends DatabaseOutageContract {
}
