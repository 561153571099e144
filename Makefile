# Entry points for people and CI. `make test` is the project's whole test suite.
.PHONY: test deps kmod-check java-test build clean

test: deps kmod-check java-test

deps:
	scripts/install-deps.sh

kmod-check:
	$(MAKE) -C sensor-kmod checkpatch check

# Last, so the Surefire summary closes the output.
java-test:
	mvn -B -ntp verify

build:
	mvn -B -ntp -DskipTests package

clean:
	mvn -B -ntp -q clean
	$(MAKE) -C sensor-kmod clean
