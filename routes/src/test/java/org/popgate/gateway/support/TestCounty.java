package org.popgate.gateway.support;

import java.util.ArrayList;
import java.util.List;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;

/** The county the test profile loads (application-test.yml): the demo seed, 3,000 persons, default defects. */
public final class TestCounty {

    public static final CountySpec SPEC = new CountySpec(431128, 3000, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF);

    private TestCounty() {}

    /** Every person row of the test county, regenerated (same seed, same rows). */
    public static List<CountyRow.Person> persons() {
        List<CountyRow.Person> persons = new ArrayList<>();
        CountyGenerator.generate(SPEC, row -> {
            if (row instanceof CountyRow.Person p) {
                persons.add(p);
            }
        });
        return persons;
    }
}
